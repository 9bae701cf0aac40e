"""Shared by the programme's models."""

import zoneinfo

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
