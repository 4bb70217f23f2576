"""Tables of the operations database: what every service has (the witnessed audit
checkpoints among them), and the read models of the dashboard. Pseudonyms, counts, states,
clocks and organisation names only: no stream operations reads carries more, and a test
reads every column after a busy day to prove it."""

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    Uuid,
)

from nrm_bus.db import add_bus_tables

metadata = MetaData()

bus_tables = add_bus_tables(metadata)

_seq = BigInteger().with_variant(Integer(), "sqlite")

# Beds of each shelter, from ShelterCapacityChanged.
shelter_capacity = Table(
    "shelter_capacity",
    metadata,
    Column("shelter_id", Uuid, primary_key=True),
    Column("region", String(100), nullable=False),
    Column("target_groups", JSON, nullable=False),
    Column("regime", String(20), nullable=False),
    Column("languages", JSON, nullable=False),
    Column("beds_total", Integer, nullable=False),
    Column("beds_free", Integer, nullable=False),
    # Absent from events of shelter services that predate it.
    Column("beds_held", Integer),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)

# The shelter waitlist as counts, replaced whole by each ShelterWaitlistChanged.
waitlist_counts = Table(
    "waitlist_counts",
    metadata,
    Column("seq", _seq, primary_key=True, autoincrement=True),
    Column("region", String(100), nullable=False),
    Column("target_group", String(20), nullable=False),
    Column("language", String(3), nullable=False),
    Column("count", Integer, nullable=False),
    Column("oldest_since", DateTime(timezone=True), nullable=False),
)

# When each read model last changed, by the clock of the event that changed it: a late,
# older snapshot never replaces a newer one.
read_model_clocks = Table(
    "read_model_clocks",
    metadata,
    Column("name", String(50), primary_key=True),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)

# Each referral's current status, from ReferralStatusChanged.
referrals = Table(
    "referral_states",
    metadata,
    Column("referral_id", Uuid, primary_key=True),
    Column("subject_id", Uuid, nullable=False, index=True),
    Column("service_type", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("previous_status", String(20)),
    Column("region", String(100), nullable=False),
    Column("since", DateTime(timezone=True), nullable=False),
    Column("referred_by_organisation", String(200)),
    Column("provider_organisation", String(200)),
    Column("hold_expires_at", DateTime(timezone=True)),
    Index("ix_referral_states_status", "service_type", "status"),
)

# Each person's reflection clock as the notices told it.
reflection_periods = Table(
    "reflection_periods",
    metadata,
    Column("subject_id", Uuid, primary_key=True),
    Column("jurisdiction", String(2), nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("responsible_organisation", String(200)),
    Column("notice", String(10), nullable=False),  # ending | ended | extended
    Column("announced_at", DateTime(timezone=True), nullable=False),
    # An extension, any referral moving for the person, or an operator's note of a call.
    Column("followed_up_at", DateTime(timezone=True)),
    Column("follow_up", String(30)),
)

# Which service first received data under which consent (it owes an acknowledgement).
consent_deliveries = Table(
    "consent_deliveries",
    metadata,
    Column("consent_id", Uuid, primary_key=True),
    Column("service", String(20), primary_key=True),
    Column("subject_id", Uuid, nullable=False, index=True),
    Column("first_at", DateTime(timezone=True), nullable=False),
)

consent_ends = Table(
    "consent_ends",
    metadata,
    Column("consent_id", Uuid, primary_key=True),
    Column("subject_id", Uuid, nullable=False, index=True),
    Column("status", String(10), nullable=False),  # withdrawn | expired
    Column("ended_at", DateTime(timezone=True), nullable=False),
)

erasures = Table(
    "erasure_requests",
    metadata,
    Column("subject_id", Uuid, primary_key=True),
    Column("requested_at", DateTime(timezone=True), nullable=False),
)

acknowledgements = Table(
    "acknowledgements",
    metadata,
    Column("kind", String(10), primary_key=True),  # consent | erasure
    Column("ref", Uuid, primary_key=True),  # the consent id, or the erased subject id
    Column("service", String(20), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
)

# Dead letters by their headers, never the value: where the record is, so a replay reads
# it from the broker; what it was, why it failed, and what an operator did about it.
dead_letters = Table(
    "dead_letters",
    metadata,
    Column("dead_letter_id", Uuid, primary_key=True),
    Column("dlq_topic", String(200), nullable=False),
    Column("dlq_partition", Integer, nullable=False),
    Column("dlq_offset", BigInteger, nullable=False),
    Column("topic", String(200), nullable=False),
    Column("partition", Integer),
    Column("offset", BigInteger),
    Column("event_id", String(100)),
    Column("event_type", String(100)),
    Column("reason", String(500), nullable=False),
    Column("consumer", String(100), nullable=False),
    Column("failed_at", DateTime(timezone=True), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("status", String(10), nullable=False),  # new | replayed | discarded
    Column("resolved_at", DateTime(timezone=True)),
    Column("resolved_by", String(200)),
    Column("resolution", String(500)),
    UniqueConstraint("dlq_topic", "dlq_partition", "dlq_offset", name="uq_dead_letters_position"),
    Index("ix_dead_letters_status", "status", "failed_at"),
)

# Figures over time for the dashboard's plots (free beds, consumer lag), one point a minute.
series = Table(
    "series",
    metadata,
    Column("seq", _seq, primary_key=True, autoincrement=True),
    Column("name", String(50), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("value", Float, nullable=False),
    Index("ix_series_name_at", "name", "at"),
)

# Staff signed in to the dashboard: the cookie holds a random id, this table its hash.
dashboard_sessions = Table(
    "dashboard_sessions",
    metadata,
    Column("session_hash", String(64), primary_key=True),
    Column("subject", String(200), nullable=False),
    Column("name", String(200), nullable=False),
    Column("organisation", String(200), nullable=False),
    Column("sector", String(30), nullable=False),
    Column("scopes", JSON, nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)
