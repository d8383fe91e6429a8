from .agencies import Agency, AgencyCalendar, AgencyClosure, Slot
from .draws import Draw, TurnApplication
from .modes import AgencyModeSwitch
from .turns import EmployerBlock, Turn
from .waitlist import WaitlistEntry, WaitlistOffer

__all__ = [
    "Agency",
    "AgencyCalendar",
    "AgencyClosure",
    "AgencyModeSwitch",
    "Draw",
    "EmployerBlock",
    "Slot",
    "Turn",
    "TurnApplication",
    "WaitlistEntry",
    "WaitlistOffer",
]
