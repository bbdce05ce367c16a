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

func TestMediaOptions(t *testing.T) {
	cfg, err := load(t, map[string]string{"DATA_DIR": "/srv/plenary"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.MediaFolder() != "/srv/plenary/media" || cfg.S3Bucket != "" || cfg.MediaMaxUploadBytes != 4<<30 {
		t.Errorf("defaults: folder %s, bucket %q, max %d", cfg.MediaFolder(), cfg.S3Bucket, cfg.MediaMaxUploadBytes)
	}
	cfg, err = load(t, map[string]string{"MEDIA_DIR": "/mnt/media", "MEDIA_MAX_UPLOAD_BYTES": "500m",
		"S3_BUCKET": "plenary-media", "S3_ENDPOINT": "http://127.0.0.1:7070/", "S3_REGION": "eu-west-2",
		"S3_ACCESS_KEY_ID": "key", "S3_SECRET_ACCESS_KEY": "hunter2", "S3_PATH_STYLE": "true"})
	if err != nil {
		t.Fatal(err)
	}
	want := config.Config{MediaDir: "/mnt/media", MediaMaxUploadBytes: 500 << 20, S3Bucket: "plenary-media",
		S3Endpoint: "http://127.0.0.1:7070", S3Region: "eu-west-2", S3AccessKeyID: "key", S3SecretAccessKey: "hunter2", S3PathStyle: true}
	if cfg.MediaFolder() != want.MediaDir || cfg.MediaMaxUploadBytes != want.MediaMaxUploadBytes || cfg.S3Bucket != want.S3Bucket ||
		cfg.S3Endpoint != want.S3Endpoint || cfg.S3Region != want.S3Region || cfg.S3AccessKeyID != want.S3AccessKeyID ||
		cfg.S3SecretAccessKey != want.S3SecretAccessKey || !cfg.S3PathStyle {
		t.Errorf("set: %+v", cfg)
	}
	for _, v := range cfg.LogValues() {
		if v == "hunter2" {
			t.Errorf("log values carry the S3 secret: %v", cfg.LogValues())
		}
	}
	for _, size := range []string{"2048", "512K", "3G", "5T", "5t"} {
		if _, err := load(t, map[string]string{"MEDIA_MAX_UPLOAD_BYTES": size}); (err != nil) != (size == "2048" || size == "512K") {
			t.Errorf("MEDIA_MAX_UPLOAD_BYTES=%s: error %v", size, err)
		}
	}
}

func TestBadMediaOptionsAreNamed(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		name string
	}{
		{map[string]string{"MEDIA_MAX_UPLOAD_BYTES": "lots"}, "MEDIA_MAX_UPLOAD_BYTES"},
		{map[string]string{"MEDIA_MAX_UPLOAD_BYTES": "6T"}, "MEDIA_MAX_UPLOAD_BYTES"},
		{map[string]string{"MEDIA_MAX_UPLOAD_BYTES": "-1G"}, "MEDIA_MAX_UPLOAD_BYTES"},
		{map[string]string{"MEDIA_MAX_UPLOAD_BYTES": "99999999999999999G"}, "MEDIA_MAX_UPLOAD_BYTES"},
		{map[string]string{"S3_BUCKET": "Media_Files"}, "S3_BUCKET"},
		{map[string]string{"S3_BUCKET": "media", "S3_ENDPOINT": "s3.example.com"}, "S3_ENDPOINT"},
		{map[string]string{"S3_BUCKET": "media", "S3_ENDPOINT": "https://k:s@s3.example.com"}, "S3_ENDPOINT"},
		{map[string]string{"S3_BUCKET": "media", "S3_PATH_STYLE": "maybe"}, "S3_PATH_STYLE"},
		{map[string]string{"S3_BUCKET": "media", "S3_ACCESS_KEY_ID": "key"}, "S3_SECRET_ACCESS_KEY"},
		{map[string]string{"S3_ENDPOINT": "https://s3.example.com"}, "S3_BUCKET is not"},
		{map[string]string{"S3_PATH_STYLE": "true"}, "S3_BUCKET is not"},
	} {
		_, err := load(t, tt.env)
		if err == nil || !strings.Contains(err.Error(), tt.name) {
			t.Errorf("%v: error %v, want one naming %s", tt.env, err, tt.name)
		}
	}
}
