"""Old home of blind votes and the judge's verdict maths; they live in ``core.workflows.compare`` now.

Only re-exports, so that code written against this module keeps importing; new code imports the package.
"""

from core.workflows.compare.judge import (
                                          JUDGE_FIRST,
                                          JUDGE_SECOND,
                                          JUDGE_SYSTEM,
                                          JUDGE_TIE,
                                          REASON_EMPTY,
                                          REASON_UNREADABLE,
                                          REPLY_SHOWN_CHARS,
                                          NoVerdicts,
                                          aggregate_judge,
                                          judge_messages,
                                          no_verdict_reason,
                                          no_verdicts,
                                          parse_verdict,
)
from core.workflows.compare.votes import (
                                          BAR_WIDTH,
                                          CHOICE_A,
                                          CHOICE_B,
                                          CHOICE_BOTH_BAD,
                                          CHOICE_NO_VERDICT,
                                          CHOICE_TIE,
                                          CHOICES,
                                          VOTER_HUMAN,
                                          VOTER_JUDGE,
                                          Z_95,
                                          BlindPair,
                                          Vote,
                                          VoteError,
                                          WinRate,
                                          blind_pair,
                                          get_vote,
                                          list_votes,
                                          rates_rows,
                                          record_vote,
                                          review_queue,
                                          wilson_interval,
                                          win_rate_figure,
                                          win_rates,
                                          win_rates_by_tag,
)

__all__ = ["BAR_WIDTH", "CHOICES", "CHOICE_A", "CHOICE_B", "CHOICE_BOTH_BAD", "CHOICE_NO_VERDICT", "CHOICE_TIE",
           "JUDGE_FIRST", "JUDGE_SECOND", "JUDGE_SYSTEM", "JUDGE_TIE", "REASON_EMPTY", "REASON_UNREADABLE",
           "REPLY_SHOWN_CHARS", "VOTER_HUMAN", "VOTER_JUDGE", "Z_95", "BlindPair", "NoVerdicts", "Vote", "VoteError",
           "WinRate", "aggregate_judge", "blind_pair", "get_vote", "judge_messages", "list_votes", "no_verdict_reason",
           "no_verdicts", "parse_verdict", "rates_rows", "record_vote", "review_queue", "wilson_interval",
           "win_rate_figure", "win_rates", "win_rates_by_tag"]
