"""Is a plot blank? Pixel standard deviation and number of distinct colours of a PNG."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.image as mpimg  # noqa: E402
import numpy as np  # noqa: E402


def pixel_spread(png_path):
    """(standard deviation of the RGB values in [0, 1], number of distinct colours)."""
    img = mpimg.imread(png_path)[..., :3]
    rgb = (img.reshape(-1, 3) * 255).round().astype(np.uint32)
    colours = len(np.unique((rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2]))  # 1-D unique: fast
    return float(img.std()), colours


def looks_blank(png_path):
    sd, colours = pixel_spread(png_path)
    return not (sd > 0.03 and colours > 2)
