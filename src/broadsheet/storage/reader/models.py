"""Tables of the reader concern. Only modules inside broadsheet.storage query them."""
