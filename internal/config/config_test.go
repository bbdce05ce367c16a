package config_test

import (
	"flag"
	"strconv"
	"strings"
	"testing"
	"time"

	"plenary/internal/config"
)

func load(t *testing.T, env map[string]string, args ...string) (config.Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	values := config.Flags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return config.Load(fs, values, func(k string) string { return env[k] })
}

func TestPrecedenceFlagOverEnvOverDefault(t *testing.T) {
	cfg, err := load(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.HTTPAddr != ":8080" || cfg.BaseURL != "http://localhost:8080" || !strings.HasSuffix(cfg.DataDir, "/.data") || cfg.SessionTTL != 336*time.Hour {
		t.Errorf("defaults: %+v", cfg)
	}
	cfg, err = load(t, map[string]string{"HTTP_ADDR": "127.0.0.1:9000", "DATA_DIR": "/tmp/env"}, "--data-dir", "/tmp/flag")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.HTTPAddr != "127.0.0.1:9000" || cfg.DataDir != "/tmp/flag" || cfg.BaseURL != "http://localhost:9000" {
		t.Errorf("env and flag: %+v", cfg)
	}
}

func TestInvalidValuesNameTheOption(t *testing.T) {
	_, err := load(t, map[string]string{"HTTP_ADDR": "8080", "LOG_FORMAT": "xml", "SHUTDOWN_TIMEOUT": "-1s", "BASE_URL": "ftp://x"})
	if err == nil {
		t.Fatal("no error for four bad values")
	}
	for _, name := range []string{"HTTP_ADDR", "LOG_FORMAT", "SHUTDOWN_TIMEOUT", "BASE_URL"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not name %s", err, name)
		}
	}
}

func TestSecureCookies(t *testing.T) {
	for base, want := range map[string]bool{
		"http://localhost:8080":      false,
		"http://127.0.0.1:8080":      false,
		"https://localhost":          true,
		"http://events.example.org":  true,
		"https://events.example.org": true,
	} {
		if got := (config.Config{BaseURL: base}).SecureCookies(); got != want {
			t.Errorf("SecureCookies(%s) = %v, want %v", base, got, want)
		}
	}
}

func TestSecretsAreMaskedInLogs(t *testing.T) {
	cfg, err := load(t, map[string]string{"DATABASE_URL": "postgres://u:hunter2@db/x"})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range cfg.LogValues() {
		if s, ok := v.(string); ok && strings.Contains(s, "hunter2") {
			t.Fatalf("log values carry the database password: %v", cfg.LogValues())
		}
	}
}

// The start-up log says whether migrations run: always on the embedded
// cluster, with DATABASE_URL only when asked.
func TestMigrateOnStartSaysWhatHappens(t *testing.T) {
	logged := func(cfg config.Config) any {
		values := cfg.LogValues()
		for i := 0; i < len(values); i += 2 {
			if values[i] == "migrate_on_start" {
				return values[i+1]
			}
		}
		return nil
	}
	for _, tt := range []struct {
		name string
		env  map[string]string
		want bool
	}{
		{"embedded cluster", nil, true},
		{"embedded cluster, asked not to", map[string]string{"MIGRATE_ON_START": "false"}, true},
		{"DATABASE_URL", map[string]string{"DATABASE_URL": "postgres://db/x"}, false},
		{"DATABASE_URL, asked to", map[string]string{"DATABASE_URL": "postgres://db/x", "MIGRATE_ON_START": "true"}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := load(t, tt.env)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.MigrateOnStart != tt.want || logged(cfg) != strconv.FormatBool(tt.want) {
				t.Errorf("MigrateOnStart %v, logged %v; want %v", cfg.MigrateOnStart, logged(cfg), tt.want)
			}
		})
	}
}
