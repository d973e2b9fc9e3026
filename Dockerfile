# The freshcheck image: the binary, scripts/nightly.sh, and only the libraries they need at
# run time. Published by .github/workflows/release.yml as ghcr.io/OWNER/freshcheck:vX.Y.Z and
# :vX, used by the composite action (action.yml), and built and run by CI's docker job.
#
#   docker build -t freshcheck .
#   docker run --rm -v "$PWD:/work" freshcheck check --snapshots /work/snapshots
#
# Two stages: Debian 12 with the whole toolchain builds it (the same setup.sh and CMake
# options as the nightly job), and a slim Debian 12 with the runtime libraries runs it, so
# the image carries no compiler and no headers.

FROM debian:12 AS build
ENV DEBIAN_FRONTEND=noninteractive
WORKDIR /src
# setup.sh first, alone: its layer (the packages) is reused until setup.sh itself changes.
COPY scripts/setup.sh scripts/setup.sh
RUN bash scripts/setup.sh --build-only && rm -rf /var/lib/apt/lists/*
# What the configure step reads: ARCHITECTURE.md holds the stage order the build checks.
COPY CMakeLists.txt ARCHITECTURE.md ./
COPY cmake cmake
COPY src src
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DFRESHCHECK_TESTS=OFF -DFRESHCHECK_BENCH=OFF \
 && cmake --build build --target freshcheck \
 && cmake --install build --prefix /opt/freshcheck \
 && /opt/freshcheck/bin/freshcheck --version

FROM debian:12-slim
# The packages of the shared libraries the binary and its modules need (readelf -d NEEDED of
# each, plus libcurl4 and libssl3, which the binary opens late; mapped with dpkg -S on
# Debian 12; their own dependencies come with them), plus what nightly.sh runs:
# git (the data branch), jq (the event and API JSON), curl (the GitHub API for pull
# requests and comments), ca-certificates (https).
# "render": "chromium" sources need Chromium, which is not in the image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates curl git jq \
      libcurl4 libssl3 libgumbo1 libphonenumber8 libicu72 libre2-9 libspdlog1.10 libfmt9 \
      libpoppler-cpp0v5 libzstd1 \
 && rm -rf /var/lib/apt/lists/*
# The binary and its modules (lib/freshcheck/freshcheck-{phone,pdf,icu}.so, which
# it finds through its RUNPATH, $ORIGIN/../lib/freshcheck).
COPY --from=build /opt/freshcheck/ /usr/local/
COPY scripts/nightly.sh /usr/local/share/freshcheck/nightly.sh
# Fails the build here, not on a user's machine, if a library is missing: reading a phone
# number loads the phone module and, through it, libphonenumber; resolving a link opens
# libcurl, which freshcheck binds late (src/util/late_bound.cpp).
RUN freshcheck --version \
 && printf '<p>Ligue 217 115 000, ou veja <a href="contactos">os contactos</a></p>' > /tmp/probe.html \
 && freshcheck extract --json /tmp/probe.html > /tmp/probe.json \
 && grep -q '"+351217115000"' /tmp/probe.json \
 && grep -q '"file:///tmp/contactos"' /tmp/probe.json \
 && rm /tmp/probe.html /tmp/probe.json
# Nothing in the image needs root; a fixed uid, so a mounted folder can be given to it.
RUN useradd --uid 10001 --user-group --create-home --home-dir /home/freshcheck freshcheck
USER freshcheck
WORKDIR /work
LABEL org.opencontainers.image.title="freshcheck" \
      org.opencontainers.image.description="Checks a guide's phone numbers, hours, e-mails and links against the official pages"
ENTRYPOINT ["freshcheck"]
CMD ["--help"]
