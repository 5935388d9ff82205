"""Tell an S/MIME encrypted part from a signed one, by its declared type and its first bytes."""

from __future__ import annotations

_PKCS7_SIGNED = bytes.fromhex("06092a864886f70d010702")  # the DER object id of signed data
_PKCS7_ENVELOPED = bytes.fromhex("06092a864886f70d010703")  # and of enveloped (encrypted) data


def is_smime_encrypted(filename: str, content_type: str, data: bytes) -> bool:
    """True for an S/MIME enveloped (encrypted) part: a .p7m or application/pkcs7-mime whose
    content is not PKCS #7 signed data. A signature (.p7s, pkcs7-signature) is not encryption."""
    smime = content_type.lower() in ("application/pkcs7-mime", "application/x-pkcs7-mime")
    if not (smime or filename.lower().endswith(".p7m")):
        return False
    head = data[:64]
    return not (_PKCS7_SIGNED in head and _PKCS7_ENVELOPED not in head)
