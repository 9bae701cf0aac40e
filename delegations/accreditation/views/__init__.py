from .public import keys_json

__all__ = ["keys_json"]
