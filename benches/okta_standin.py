"""A stand-in Okta org for benchmarks: answers users/me and roles like Okta after a fixed
latency, on 127.0.0.1, with keep-alive, on asyncio (so the stand-in, not the client, is never
the bottleneck). Tokens whose 3rd character is a digit are live; the others get 401 E0000011.

    python3 benches/okta_standin.py PORT_FILE LATENCY_MS
"""
import asyncio
import json
import sys
import time

LATENCY = int(sys.argv[2]) / 1000.0


def response(status, body):
    data = json.dumps(body).encode()
    reason = {200: "OK", 401: "Unauthorized"}[status]
    head = (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(data)}\r\nX-Rate-Limit-Limit: 100000\r\n"
        f"X-Rate-Limit-Remaining: 99999\r\nX-Rate-Limit-Reset: {int(time.time()) + 60}\r\n\r\n"
    )
    return head.encode() + data


def answer(path, token):
    if len(token) < 3 or not token[2].isdigit():
        return response(401, {"errorCode": "E0000011", "errorSummary": "Invalid token provided"})
    if path == "/api/v1/users/me":
        user_id = "00u" + "".join(c for c in token[2:14] if c.isalnum())
        return response(200, {"id": user_id, "status": "ACTIVE", "profile": {"login": "bench@example.com"}})
    return response(200, [{"type": "READ_ONLY_ADMIN", "label": "Read Only Administrator"}])


async def serve(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            path = lines[0].split(" ")[1]
            token = ""
            for line in lines[1:]:
                name, _, value = line.partition(":")
                if name.lower() == "authorization":
                    token = value.strip().removeprefix("SSWS ")
            await asyncio.sleep(LATENCY)
            writer.write(answer(path, token))
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    with open(sys.argv[1], "w") as f:
        f.write(str(server.sockets[0].getsockname()[1]))
    await server.serve_forever()


asyncio.run(main())
