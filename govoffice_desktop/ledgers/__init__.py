"""Excel intake and export, free of Qt: reading, header detection, column mapping, value
normalisation, validation, writing."""
