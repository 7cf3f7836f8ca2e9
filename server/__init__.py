"""Reference implementation of the Clerk Workstation server APIs.

`server.contract` holds the pydantic models of the versioned `/v1` REST contract; they are
the only part of this package the client imports. The rest (`server.app`, `server.store`,
`server.seed`) is the reference server used by sandbox mode, development and tests.
"""
