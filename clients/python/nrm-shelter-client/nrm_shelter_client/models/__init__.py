"""Contains all the data models used in inputs/outputs"""

from .capacity_read import CapacityRead
from .capacity_read_regime import CapacityReadRegime
from .capacity_read_target_group import CapacityReadTargetGroup
from .checkpoints_held_response_checkpoints_held import CheckpointsHeldResponseCheckpointsHeld
from .consistency_proof_response_consistency_proof import ConsistencyProofResponseConsistencyProof
from .entries_about_response_entries_about import EntriesAboutResponseEntriesAbout
from .field_error import FieldError
from .house_rule_in import HouseRuleIn
from .house_rule_read import HouseRuleRead
from .log_page_response_log_page import LogPageResponseLogPage
from .missing_consent import MissingConsent
from .move_out_count_read import MoveOutCountRead
from .move_out_count_read_reason import MoveOutCountReadReason
from .move_out_in import MoveOutIn
from .move_out_in_reason import MoveOutInReason
from .move_out_read import MoveOutRead
from .placement_read import PlacementRead
from .placement_read_end_reason_type_0 import PlacementReadEndReasonType0
from .placement_read_status import PlacementReadStatus
from .problem_details import ProblemDetails
from .public_keys_response_public_keys import PublicKeysResponsePublicKeys
from .shelter_create import ShelterCreate
from .shelter_create_accessibility_item import ShelterCreateAccessibilityItem
from .shelter_create_regime import ShelterCreateRegime
from .shelter_create_target_groups_item import ShelterCreateTargetGroupsItem
from .shelter_read import ShelterRead
from .shelter_read_accessibility_item import ShelterReadAccessibilityItem
from .shelter_read_regime import ShelterReadRegime
from .shelter_read_target_groups_item import ShelterReadTargetGroupsItem
from .shelter_update import ShelterUpdate
from .shelter_update_accessibility_type_0_item import ShelterUpdateAccessibilityType0Item
from .shelter_update_regime_type_0 import ShelterUpdateRegimeType0
from .shelter_update_target_groups_type_0_item import ShelterUpdateTargetGroupsType0Item

__all__ = (
    "CapacityRead",
    "CapacityReadRegime",
    "CapacityReadTargetGroup",
    "CheckpointsHeldResponseCheckpointsHeld",
    "ConsistencyProofResponseConsistencyProof",
    "EntriesAboutResponseEntriesAbout",
    "FieldError",
    "HouseRuleIn",
    "HouseRuleRead",
    "LogPageResponseLogPage",
    "MissingConsent",
    "MoveOutCountRead",
    "MoveOutCountReadReason",
    "MoveOutIn",
    "MoveOutInReason",
    "MoveOutRead",
    "PlacementRead",
    "PlacementReadEndReasonType0",
    "PlacementReadStatus",
    "ProblemDetails",
    "PublicKeysResponsePublicKeys",
    "ShelterCreate",
    "ShelterCreateAccessibilityItem",
    "ShelterCreateRegime",
    "ShelterCreateTargetGroupsItem",
    "ShelterRead",
    "ShelterReadAccessibilityItem",
    "ShelterReadRegime",
    "ShelterReadTargetGroupsItem",
    "ShelterUpdate",
    "ShelterUpdateAccessibilityType0Item",
    "ShelterUpdateRegimeType0",
    "ShelterUpdateTargetGroupsType0Item",
)
