"""peerscan: survey of US state peer-support certification programs' ethics guidance."""

__version__ = "0.1.0"
