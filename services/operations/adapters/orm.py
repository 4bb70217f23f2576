"""Tables of the operations database: only what every service has (the witnessed audit
checkpoints among them); the read models of the dashboard come later."""

from sqlalchemy import MetaData

from nrm_bus.db import add_bus_tables

metadata = MetaData()

bus_tables = add_bus_tables(metadata)
