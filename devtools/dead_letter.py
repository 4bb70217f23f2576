"""`python -m devtools.dead_letter [TOPIC]`, with `make run` up: leave a dead letter to
replay from the dashboard. It copies the newest record of TOPIC (default: the shelter
capacity broadcast) to the topic's dead-letter topic with the headers a consumer writes
when it gives up (here: operations, its database away three times), as happens when a
database is down for longer than the retries. Replaying it from the dashboard writes it
back; a consumer that applied it already drops it in its inbox. Development only."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from nrm_bus import topics


async def main(topic: str, servers: str = "127.0.0.1:9092") -> None:
    consumer = AIOKafkaConsumer(bootstrap_servers=servers, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or []]
        ends = await consumer.end_offsets(partitions)
        newest = [(partition, end - 1) for partition, end in ends.items() if end > 0]
        if not newest:
            sys.exit(f"nothing on {topic} yet")
        consumer.assign([partition for partition, _ in newest])
        for partition, offset in newest:
            consumer.seek(partition, offset)
        records = [
            record
            for batch in (await consumer.getmany(timeout_ms=2000)).values()
            for record in batch
        ]
    finally:
        await consumer.stop()
    record = max(records, key=lambda r: r.timestamp)
    producer = AIOKafkaProducer(bootstrap_servers=servers, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            topics.dead_letter_topic(topic),
            record.value,
            key=record.key,
            headers=[
                *record.headers,
                ("dlq_reason", b"failed 3 times: OperationalError"),
                ("dlq_original_topic", topic.encode()),
                ("dlq_original_partition", str(record.partition).encode()),
                ("dlq_original_offset", str(record.offset).encode()),
                ("dlq_consumer", b"nrm-operations"),
                ("dlq_failed_at", datetime.now(UTC).isoformat().encode()),
            ],
        )
    finally:
        await producer.stop()
    print(f"dead letter left on {topics.dead_letter_topic(topic)}: see the dashboard")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else topics.SHELTER_CAPACITY))
