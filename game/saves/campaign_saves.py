"""Campaign progress files: the roster and results, saved atomically like battle saves."""

from __future__ import annotations

from pathlib import Path

from game.campaign.progress import CampaignState
from game.core.doc_fields import FieldError
from game.saves.save_files import SaveError, read_document, write_document

CAMPAIGN_SAVE = "campaign.sbs.json"


def save_progress(path: Path, progress: CampaignState) -> None:
    """Write campaign progress atomically."""
    write_document(path, "campaign", {"progress": progress.to_dict()})


def load_progress(path: Path) -> CampaignState:
    """Read campaign progress; SaveError with a player-readable reason when unusable."""
    body = read_document(path, "campaign")
    try:
        return CampaignState.from_dict(body.get("progress"), where="progress")
    except FieldError as exc:
        raise SaveError(f"{path.name} is damaged: {exc}.") from None
    except (KeyError, TypeError, ValueError) as exc:
        raise SaveError(f"{path.name} is incomplete or damaged ({exc}).") from None
