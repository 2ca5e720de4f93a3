"""Tables of the summaries concern. Only modules inside broadsheet.storage query them."""
