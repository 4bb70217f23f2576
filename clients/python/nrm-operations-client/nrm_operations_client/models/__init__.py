"""Contains all the data models used in inputs/outputs"""

from .checkpoints_held_response_checkpoints_held import CheckpointsHeldResponseCheckpointsHeld
from .consistency_proof_response_consistency_proof import ConsistencyProofResponseConsistencyProof
from .discard_dead_letter_response_discard_dead_letter import DiscardDeadLetterResponseDiscardDeadLetter
from .entries_about_response_entries_about import EntriesAboutResponseEntriesAbout
from .field_error import FieldError
from .get_overview_response_get_overview import GetOverviewResponseGetOverview
from .list_dead_letters_response_200_item import ListDeadLettersResponse200Item
from .list_dead_letters_status_type_0 import ListDeadLettersStatusType0
from .log_page_response_log_page import LogPageResponseLogPage
from .missing_consent import MissingConsent
from .problem_details import ProblemDetails
from .public_keys_response_public_keys import PublicKeysResponsePublicKeys
from .reason_in import ReasonIn
from .replay_dead_letter_response_replay_dead_letter import ReplayDeadLetterResponseReplayDeadLetter
from .subject_trace_format import SubjectTraceFormat
from .subject_trace_response_subject_trace import SubjectTraceResponseSubjectTrace
from .verify_logs_response_verify_logs import VerifyLogsResponseVerifyLogs

__all__ = (
    "CheckpointsHeldResponseCheckpointsHeld",
    "ConsistencyProofResponseConsistencyProof",
    "DiscardDeadLetterResponseDiscardDeadLetter",
    "EntriesAboutResponseEntriesAbout",
    "FieldError",
    "GetOverviewResponseGetOverview",
    "ListDeadLettersResponse200Item",
    "ListDeadLettersStatusType0",
    "LogPageResponseLogPage",
    "MissingConsent",
    "ProblemDetails",
    "PublicKeysResponsePublicKeys",
    "ReasonIn",
    "ReplayDeadLetterResponseReplayDeadLetter",
    "SubjectTraceFormat",
    "SubjectTraceResponseSubjectTrace",
    "VerifyLogsResponseVerifyLogs",
)
