"""Problems found and put right: inspection points, the rectification pipeline, the weekly notice."""
