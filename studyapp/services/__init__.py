"""The user's actions by intent, between the screens and the store.

Qt-free: each service takes the database, the bank and a clock, and each user action is
one call that writes in one transaction. Screens render what comes back."""
