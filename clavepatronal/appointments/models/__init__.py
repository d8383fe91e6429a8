from .agencies import Agency, AgencyCalendar, AgencyClosure, Slot
from .draws import Draw, TurnApplication
from .turns import EmployerBlock, Turn

__all__ = [
    "Agency",
    "AgencyCalendar",
    "AgencyClosure",
    "Draw",
    "EmployerBlock",
    "Slot",
    "Turn",
    "TurnApplication",
]
