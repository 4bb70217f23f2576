"""The referral unit of work: its repositories share the transaction with outbox and inbox."""

from typing import Any, Self

from nrm_bus import topics
from nrm_bus.access import Relation
from nrm_bus.contracts import build_event
from nrm_bus.db import UnitOfWork
from referral.adapters.handovers import HandoverRepository
from referral.adapters.repository import ProviderRepository, ReferralRepository
from referral.adapters.tracker_holds import TrackerHoldRepository
from referral.domain.model import Referral, Status


class ReferralUnitOfWork(UnitOfWork):
    referrals: ReferralRepository
    handovers: HandoverRepository
    providers: ProviderRepository
    holds: TrackerHoldRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.referrals = ReferralRepository(self.conn)
        self.handovers = HandoverRepository(self.conn)
        self.providers = ProviderRepository(self.conn)
        self.holds = TrackerHoldRepository(self.conn)
        return self

    async def commit(self) -> None:
        """Every status a referral moved to in this transaction is announced with it, for
        the operations pipeline: pseudonym, service type, clocks and whom to call."""
        for referral, before in self.referrals.transitions():
            await self.publish(topics.REFERRAL_STATUS, await self._status_event(referral, before))
        await super().commit()

    async def _status_event(self, referral: Referral, before: Status | None) -> Any:
        parties = await self.parties.of(referral.subject_id)
        referrers = {p.organisation for p in parties if p.relation is Relation.REFERRED}
        serving = {p.organisation for p in parties if p.relation is Relation.SERVES}
        # Who started it is the actor of this transaction's `referral.start` entry; later, the
        # one organisation that referred the person, if only one did.
        started_by = next(
            (
                draft.actor.organisation
                for draft in self._drafts
                if draft.action == "referral.start"
                and draft.resource_id == str(referral.referral_id)
                and draft.actor is not None
            ),
            None,
        )
        referred_by = started_by or (next(iter(referrers)) if len(referrers) == 1 else None)
        provider = (referral.provider or {}).get("organisation") or (
            next(iter(serving)) if referral.placement and len(serving) == 1 else None
        )
        hold = (referral.placement or {}).get("hold_expires_at")
        subject = str(referral.subject_id)
        data: dict[str, Any] = {
            "referral_id": str(referral.referral_id),
            "subject_id": subject,
            "service_type": referral.service_type.value,
            "status": referral.status.value,
            "region": referral.region,
            "changed_at": self.clock.now().isoformat(),
        }
        if before is not None:
            data["previous_status"] = before.value
        if referred_by:
            data["referred_by_organisation"] = referred_by
        if provider:
            data["provider_organisation"] = provider
        if hold and referral.status is Status.OFFERED:
            data["hold_expires_at"] = hold
        return build_event(
            "ReferralStatusChanged", data, source="/nrm/referral", key=subject, subject=subject
        )
