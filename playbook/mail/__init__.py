"""Reading sent messages: .eml, Outlook .msg, address lists, and the files attached to them."""
