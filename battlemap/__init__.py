"""battlemap: compile key-account battle maps (客户作战地图) from YAML."""

__version__ = "0.1.0"
