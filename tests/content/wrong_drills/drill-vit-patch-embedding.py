# mistake: transpose before flattening
import numpy as np


def patchify(images, patch_size):
    b, c, h, w = images.shape
    p = patch_size
    if h % p or w % p:
        raise ValueError("patch size must divide the image")
    n = (h // p) * (w // p)
    return images.reshape(b, n, c * p * p)      # one row of length C*P*P per patch


def unpatchify(patches, patch_size, channels, height, width):
    return patches.reshape(patches.shape[0], channels, height, width)


def patch_embed(images, weight, bias, patch_size):
    return patchify(images, patch_size) @ weight.reshape(weight.shape[0], -1).T + bias
