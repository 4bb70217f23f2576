"""Providers of the services other than shelter (medical, psychological, legal, language,
vocational, financial, family): who offers what, where, to whom and in which languages,
and how a referral finds the one that fits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from referral.domain.model import ServiceType, Subject

# Shelter beds are matched by the shelter service; referrals abroad go to counterparts.
PROVIDED_SERVICES = frozenset(ServiceType) - {ServiceType.SHELTER, ServiceType.RETURN}


@dataclass(frozen=True)
class Provider:
    organisation: str
    name: str
    service_types: tuple[ServiceType, ...]
    regions: tuple[str, ...]
    target_groups: tuple[str, ...]
    languages: tuple[str, ...]
    provider_id: uuid.UUID = field(default_factory=uuid.uuid4)

    def fits(self, service_type: ServiceType, subject: Subject) -> bool:
        """Offers the service, to the person's group: a child only where children are
        served, an adult only where their group is."""
        return service_type in self.service_types and subject.target_group in self.target_groups

    def as_offer(self) -> dict[str, str]:
        return {
            "provider_id": str(self.provider_id),
            "provider_name": self.name,
            "organisation": self.organisation,
        }


def match_provider(
    providers: list[Provider],
    service_type: ServiceType,
    subject: Subject,
    region: str,
    passed_over: frozenset[uuid.UUID] = frozenset(),
) -> Provider | None:
    """The fitting provider in the person's region first, then the one speaking most of
    their languages; providers that already declined this person are passed over."""
    fitting = [
        provider
        for provider in providers
        if provider.fits(service_type, subject) and provider.provider_id not in passed_over
    ]
    fitting.sort(
        key=lambda provider: (
            region not in provider.regions,
            -len(set(provider.languages) & set(subject.languages)),
            provider.name,
        )
    )
    return fitting[0] if fitting else None
