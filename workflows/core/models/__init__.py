from .calendar import CalendarDay, CalendarYear
from .regions import Bureau
from .subjects import Subject
from .users import User

__all__ = ("Bureau", "CalendarDay", "CalendarYear", "Subject", "User")
