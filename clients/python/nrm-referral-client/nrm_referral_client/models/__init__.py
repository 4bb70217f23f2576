"""Contains all the data models used in inputs/outputs"""

from .checkpoints_held_response_checkpoints_held import CheckpointsHeldResponseCheckpointsHeld
from .consistency_proof_response_consistency_proof import ConsistencyProofResponseConsistencyProof
from .decline_in import DeclineIn
from .decline_in_keep_item import DeclineInKeepItem
from .decline_in_reason import DeclineInReason
from .declines_response_declines import DeclinesResponseDeclines
from .entries_about_response_entries_about import EntriesAboutResponseEntriesAbout
from .field_error import FieldError
from .handover_in import HandoverIn
from .handover_in_method import HandoverInMethod
from .handover_read import HandoverRead
from .handover_read_method import HandoverReadMethod
from .hold_in import HoldIn
from .hold_in_sector import HoldInSector
from .hold_read import HoldRead
from .log_page_response_log_page import LogPageResponseLogPage
from .missing_consent import MissingConsent
from .placement_read import PlacementRead
from .problem_details import ProblemDetails
from .progress_in import ProgressIn
from .progress_in_status import ProgressInStatus
from .provider_decline_in import ProviderDeclineIn
from .provider_decline_in_reason import ProviderDeclineInReason
from .provider_in import ProviderIn
from .provider_in_service_types_item import ProviderInServiceTypesItem
from .provider_in_target_groups_item import ProviderInTargetGroupsItem
from .provider_read import ProviderRead
from .provider_read_service_types_item import ProviderReadServiceTypesItem
from .provider_read_target_groups_item import ProviderReadTargetGroupsItem
from .public_keys_response_public_keys import PublicKeysResponsePublicKeys
from .referral_create import ReferralCreate
from .referral_create_needs import ReferralCreateNeeds
from .referral_create_service_type import ReferralCreateServiceType
from .referral_created import ReferralCreated
from .referral_read import ReferralRead
from .referral_read_history_item import ReferralReadHistoryItem
from .referral_read_provider_type_0 import ReferralReadProviderType0
from .referral_read_service_type import ReferralReadServiceType
from .referral_read_status import ReferralReadStatus
from .service_consent_read import ServiceConsentRead
from .service_consent_read_data_categories_item import ServiceConsentReadDataCategoriesItem
from .service_consent_read_purposes_item import ServiceConsentReadPurposesItem
from .service_consent_read_recipient import ServiceConsentReadRecipient
from .service_consent_read_service_type import ServiceConsentReadServiceType
from .service_consents_read import ServiceConsentsRead
from .withdrawal_in import WithdrawalIn
from .withdrawal_in_reason import WithdrawalInReason

__all__ = (
    "CheckpointsHeldResponseCheckpointsHeld",
    "ConsistencyProofResponseConsistencyProof",
    "DeclineIn",
    "DeclineInKeepItem",
    "DeclineInReason",
    "DeclinesResponseDeclines",
    "EntriesAboutResponseEntriesAbout",
    "FieldError",
    "HandoverIn",
    "HandoverInMethod",
    "HandoverRead",
    "HandoverReadMethod",
    "HoldIn",
    "HoldInSector",
    "HoldRead",
    "LogPageResponseLogPage",
    "MissingConsent",
    "PlacementRead",
    "ProblemDetails",
    "ProgressIn",
    "ProgressInStatus",
    "ProviderDeclineIn",
    "ProviderDeclineInReason",
    "ProviderIn",
    "ProviderInServiceTypesItem",
    "ProviderInTargetGroupsItem",
    "ProviderRead",
    "ProviderReadServiceTypesItem",
    "ProviderReadTargetGroupsItem",
    "PublicKeysResponsePublicKeys",
    "ReferralCreate",
    "ReferralCreated",
    "ReferralCreateNeeds",
    "ReferralCreateServiceType",
    "ReferralRead",
    "ReferralReadHistoryItem",
    "ReferralReadProviderType0",
    "ReferralReadServiceType",
    "ReferralReadStatus",
    "ServiceConsentRead",
    "ServiceConsentReadDataCategoriesItem",
    "ServiceConsentReadPurposesItem",
    "ServiceConsentReadRecipient",
    "ServiceConsentReadServiceType",
    "ServiceConsentsRead",
    "WithdrawalIn",
    "WithdrawalInReason",
)
