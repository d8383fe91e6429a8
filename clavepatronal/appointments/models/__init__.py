from .agencies import Agency, AgencyCalendar, AgencyClosure, Slot
from .draws import Draw, TurnApplication
from .turns import Turn

__all__ = [
    "Agency",
    "AgencyCalendar",
    "AgencyClosure",
    "Draw",
    "Slot",
    "Turn",
    "TurnApplication",
]
