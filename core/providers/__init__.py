"""Talking to model providers: client factory, API errors, rate limits, the request runner, fine-tuning providers."""
