# mistake: reach min_lr
import math


def warmup_cosine(step, total_steps, peak_lr, warmup_steps, min_lr=0.0):
    if step < 0 or not 0 <= warmup_steps < total_steps:
        raise ValueError("bad schedule")
    if step < warmup_steps:
        return peak_lr * (step + 1) / warmup_steps
    if step >= total_steps:
        return min_lr
    u = (step - warmup_steps) / (total_steps - warmup_steps)      # never reaches 1 inside the run
    return min_lr + 0.5 * (peak_lr - min_lr) * (1 + math.cos(math.pi * u))


def wsd(step, total_steps, peak_lr, warmup_steps, decay_steps, min_lr=0.0, shape="linear"):
    shapes = {"linear": lambda u: 1 - u, "sqrt": lambda u: 1 - math.sqrt(u),
              "cosine": lambda u: 0.5 * (1 + math.cos(math.pi * u))}
    if shape not in shapes or step < 0 or warmup_steps < 0 or decay_steps < 1 \
            or warmup_steps + decay_steps > total_steps:
        raise ValueError("bad schedule")
    if step < warmup_steps:
        return peak_lr * (step + 1) / warmup_steps
    start = total_steps - decay_steps
    if step < start:
        return peak_lr
    if step >= total_steps:
        return min_lr
    return min_lr + (peak_lr - min_lr) * shapes[shape]((step - start) / decay_steps)
