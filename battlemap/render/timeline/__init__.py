"""`battlemap history`'s products: the movements in words (text) and the timeline page."""
