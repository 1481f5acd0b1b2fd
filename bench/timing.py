"""Timing one request over HTTP the same way in every benchmark."""

import time

import httpx


async def timed(client: httpx.AsyncClient, path: str, rounds: int, warm: int = 1) -> list[float]:
    """`rounds` answers to GET `path`, in ms, after `warm` unmeasured ones; an error
    answer stops the benchmark (a timing of a refusal would mislead)."""
    for _ in range(warm):
        (await client.get(path)).raise_for_status()
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = await client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        response.raise_for_status()
    return samples
