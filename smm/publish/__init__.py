"""Publishing: what is due (due.py), the record in git (ledger.py), the run that claims,
posts and records (run.py), and one HTTP client a platform (clients/).

The rule everything here serves: a post reaches a platform at most once. A claim is
pushed before any API call; an outcome that may have taken effect is never retried
blindly, only reconciled by asking the platform or left for a person.
"""
