"""Long-running work built on providers and the dataset: generation, fine-tuning, comparison; one background runner."""
