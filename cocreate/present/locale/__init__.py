"""Translations by feature: each module here defines STRINGS = {key: (中文, English)}.
cocreate.present.i18n merges them with its core table; a key defined twice is an error."""
