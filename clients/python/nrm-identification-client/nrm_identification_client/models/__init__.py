"""Contains all the data models used in inputs/outputs"""

from .acknowledgement_read import AcknowledgementRead
from .acknowledgement_read_action import AcknowledgementReadAction
from .actor_read import ActorRead
from .checkpoints_held_response_checkpoints_held import CheckpointsHeldResponseCheckpointsHeld
from .consent_create import ConsentCreate
from .consent_create_data_categories_item import ConsentCreateDataCategoriesItem
from .consent_create_purpose import ConsentCreatePurpose
from .consent_create_recipient import ConsentCreateRecipient
from .consent_read import ConsentRead
from .consent_read_data_categories_item import ConsentReadDataCategoriesItem
from .consent_read_purpose import ConsentReadPurpose
from .consent_read_recipient import ConsentReadRecipient
from .consent_read_status import ConsentReadStatus
from .consent_rules_read import ConsentRulesRead
from .consistency_proof_response_consistency_proof import ConsistencyProofResponseConsistencyProof
from .data_key_read import DataKeyRead
from .entries_about_response_entries_about import EntriesAboutResponseEntriesAbout
from .erasure_read import ErasureRead
from .erasure_read_acknowledgements_item import ErasureReadAcknowledgementsItem
from .extension_create import ExtensionCreate
from .extension_read import ExtensionRead
from .field_error import FieldError
from .identification_create import IdentificationCreate
from .identification_create_exploitation_types_item import IdentificationCreateExploitationTypesItem
from .identification_create_grounds import IdentificationCreateGrounds
from .identification_read import IdentificationRead
from .informed_in import InformedIn
from .informed_in_method import InformedInMethod
from .informed_read import InformedRead
from .informed_read_method import InformedReadMethod
from .list_indicators_response_list_indicators import ListIndicatorsResponseListIndicators
from .log_page_response_log_page import LogPageResponseLogPage
from .missing_consent import MissingConsent
from .person_in import PersonIn
from .person_in_gender import PersonInGender
from .problem_details import ProblemDetails
from .public_keys_response_public_keys import PublicKeysResponsePublicKeys
from .purpose_rule_read import PurposeRuleRead
from .purpose_rule_read_purpose import PurposeRuleReadPurpose
from .purpose_rule_read_recipients_item import PurposeRuleReadRecipientsItem
from .purpose_rule_read_referable_with_item import PurposeRuleReadReferableWithItem
from .purpose_rule_read_track import PurposeRuleReadTrack
from .reflection_period_detail import ReflectionPeriodDetail
from .reflection_period_read import ReflectionPeriodRead
from .representative_in import RepresentativeIn
from .representative_in_role import RepresentativeInRole

__all__ = (
    "AcknowledgementRead",
    "AcknowledgementReadAction",
    "ActorRead",
    "CheckpointsHeldResponseCheckpointsHeld",
    "ConsentCreate",
    "ConsentCreateDataCategoriesItem",
    "ConsentCreatePurpose",
    "ConsentCreateRecipient",
    "ConsentRead",
    "ConsentReadDataCategoriesItem",
    "ConsentReadPurpose",
    "ConsentReadRecipient",
    "ConsentReadStatus",
    "ConsentRulesRead",
    "ConsistencyProofResponseConsistencyProof",
    "DataKeyRead",
    "EntriesAboutResponseEntriesAbout",
    "ErasureRead",
    "ErasureReadAcknowledgementsItem",
    "ExtensionCreate",
    "ExtensionRead",
    "FieldError",
    "IdentificationCreate",
    "IdentificationCreateExploitationTypesItem",
    "IdentificationCreateGrounds",
    "IdentificationRead",
    "InformedIn",
    "InformedInMethod",
    "InformedRead",
    "InformedReadMethod",
    "ListIndicatorsResponseListIndicators",
    "LogPageResponseLogPage",
    "MissingConsent",
    "PersonIn",
    "PersonInGender",
    "ProblemDetails",
    "PublicKeysResponsePublicKeys",
    "PurposeRuleRead",
    "PurposeRuleReadPurpose",
    "PurposeRuleReadRecipientsItem",
    "PurposeRuleReadReferableWithItem",
    "PurposeRuleReadTrack",
    "ReflectionPeriodDetail",
    "ReflectionPeriodRead",
    "RepresentativeIn",
    "RepresentativeInRole",
)
