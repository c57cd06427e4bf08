# callreport: the two setup commands (make demo, make test) and the server install.
#
#   make demo        a full report of a synthetic month, in reports/<last month>/
#   make test        the test suite, then the install check (a static build, once)
#   make build       the debug build
#   make release     the static release binary, in $(INSTALL_SCRATCH)/release/callreport
#   make install     release, then $(DESTDIR)$(PREFIX)/bin/callreport and its documents
#   make uninstall   removes what install put under $(DESTDIR)$(PREFIX)
#
# Every target first makes sure the Debian packages the build needs are installed
# (scripts/ensure-packages.sh: installs them as root or through sudo -n, else prints the
# apt-get line and stops).

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
DOCDIR = $(PREFIX)/share/doc/callreport

# The release build has a scratch folder of its own: its flags differ from the debug build's,
# and `swift test` (which locks .build) can run the install check while it builds.
INSTALL_SCRATCH ?= .build-install
RELEASE_BIN = $(INSTALL_SCRATCH)/release/callreport

# libxml2's headers and pkg-config file for the XML reader; libcurl's for SMTP delivery
# (CCurlSMTP) and for the static release build, which links FoundationNetworking statically;
# libxlsxwriter's for report.xlsx.
BUILD_PACKAGES = libxml2-dev pkg-config libcurl4-openssl-dev libxlsxwriter-dev
RELEASE_PACKAGES = $(BUILD_PACKAGES)
# The tests' own servers and tools: a real SMTP server (aiosmtpd, run by /usr/bin/python3)
# and openssl to make its certificate; openpyxl, an independent reader of report.xlsx.
TEST_PACKAGES = $(RELEASE_PACKAGES) python3-aiosmtpd openssl cmark-gfm python3-openpyxl

SWIFT ?= swift
# The toolchain's usual place on our machines, when swift is not on PATH (sudo resets it).
ifeq ($(shell command -v $(SWIFT) 2>/dev/null),)
  ifneq ($(wildcard /opt/swift/usr/bin/swift),)
    export PATH := /opt/swift/usr/bin:$(PATH)
  endif
endif

.PHONY: demo test build release install uninstall install-check build-packages release-packages test-packages

build-packages:
	@scripts/ensure-packages.sh $(BUILD_PACKAGES)

release-packages:
	@scripts/ensure-packages.sh $(RELEASE_PACKAGES)

test-packages:
	@scripts/ensure-packages.sh $(TEST_PACKAGES)

build: build-packages
	$(SWIFT) build

demo: build-packages
	$(SWIFT) run callreport demo

# The suite, then the install check as a step of its own: a static release build takes minutes
# cold, too long to run beside the suite's timed tests on two cores.
test: test-packages
	$(SWIFT) test
	$(MAKE) install-check

# Builds the static binary (reused when up to date), installs it into a temporary DESTDIR and
# runs demo from / with the source tree and the toolchain hidden (Tests/callreportTests/InstalledTests.swift).
install-check: release-packages
	CALLREPORT_INSTALL_TEST=1 $(SWIFT) test --filter InstalledTests

release: release-packages
	$(SWIFT) build -c release --static-swift-stdlib --scratch-path $(INSTALL_SCRATCH) --product callreport

install: release
	install -d -m 0755 $(DESTDIR)$(BINDIR) $(DESTDIR)$(DOCDIR)/examples
	install -m 0755 $(RELEASE_BIN) $(DESTDIR)$(BINDIR)/callreport
	install -m 0644 README.md $(DESTDIR)$(DOCDIR)/README.md
	install -m 0644 deploy/callreport.cron deploy/callreport-fetch.service deploy/callreport-fetch.timer \
		deploy/callreport-run.service deploy/callreport-run.timer $(DESTDIR)$(DOCDIR)/examples/
	@echo "Installed $(DESTDIR)$(BINDIR)/callreport; scheduling examples in $(DESTDIR)$(DOCDIR)/examples/."

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/callreport
	rm -rf $(DESTDIR)$(DOCDIR)
