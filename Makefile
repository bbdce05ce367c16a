# Plenary — the two commands that matter: `make run` and `make test`.
# Both install what is missing on Debian/Ubuntu (as root) or say what to run.

GO        ?= go
BIN       := bin/server
STATICCHECK := $(GO) tool -modfile=tools/go.mod staticcheck

.PHONY: run build test lint postgres clean

## run: build, start the embedded PostgreSQL, migrate, serve on http://localhost:8080
run: postgres build
	./$(BIN) serve

## build: the server binary with the SPA embedded
build:
	$(GO) build -o $(BIN) ./cmd/server

## test: every test, against real PostgreSQL
test: postgres
	$(GO) test -race -count=1 ./...

## lint: gofmt, go vet, staticcheck
lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...

## postgres: make sure PostgreSQL server binaries (initdb, pg_ctl) are here
postgres:
	@if { command -v initdb && command -v pg_ctl; } >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then \
		exit 0; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing the PostgreSQL server binaries (apt-get install postgresql)..."; \
		mkdir -p /etc/postgresql-common; \
		grep -qs '^create_main_cluster' /etc/postgresql-common/createcluster.conf || \
			echo 'create_main_cluster = false' >> /etc/postgresql-common/createcluster.conf; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold postgresql >/dev/null; \
	else \
		echo "PostgreSQL server binaries are missing. Install them, then run make again:"; \
		echo "    sudo apt-get install postgresql"; \
		echo "(or point DATABASE_URL at an existing PostgreSQL 15+ server)"; \
		exit 1; \
	fi

clean:
	rm -rf bin
