"""Use cases the adapters call (Discord cogs, the terminal).

`bot.services.api` is the learning contract (`Recall` and its result types), `bot.services.errors` the
one list of user-safe errors, `bot.services.bundle.Services` the bundle every front end holds. The
bundle is built by the composition root, `bot.app.wiring.open_services`: nothing here opens a database.
"""
