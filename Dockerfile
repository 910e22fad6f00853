# The mistmcp image: the release binary, the shared libraries it links and the CA bundle, and
# nothing else (no shell, no package manager). `cargo xtask image` assembles target/image/rootfs
# from the release build and builds this file; .dockerignore sends only that directory.
FROM scratch

# Set by `cargo xtask image` from the workspace version and the commit it builds.
ARG VERSION=unknown
ARG REVISION=unknown

# The last label is what the MCP registry checks against the `name` of server.json.
LABEL org.opencontainers.image.title="mistmcp" \
      org.opencontainers.image.description="MCP server for the Juniper Mist cloud API" \
      org.opencontainers.image.source="https://github.com/mistmcp/mistmcp" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      io.modelcontextprotocol.server.name="io.github.mistmcp/mistmcp"

COPY target/image/rootfs/ /

# An unprivileged user that owns no file in the image: the process can write nowhere, and runs
# unchanged under --read-only.
USER 65532:65532
EXPOSE 8000
ENTRYPOINT ["/usr/local/bin/mistmcp"]
