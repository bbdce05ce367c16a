// Package config declares every option of the server once — its env var,
// flag, default, documentation and whether it is a secret — and loads them
// into one typed struct: flag beats env var beats default.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Config is the whole configuration of one server process.
type Config struct {
	DatabaseURL     string
	DataDir         string
	PostgresBinDir  string
	HTTPAddr        string
	BaseURL         string
	MigrateOnStart  bool
	LogFormat       string
	LogLevel        string
	ShutdownTimeout time.Duration
	BodyLimit       string
	SessionTTL      time.Duration
	// RegistrationsPerMinute is how many public registrations one IP may
	// make per minute; 0 turns the limit off (load tests).
	RegistrationsPerMinute int
	// SecretKey derives the links in emails; empty keeps a generated key in
	// the database.
	SecretKey string
	// SMTPURL is where mail goes; empty records messages as not delivered.
	SMTPURL     string
	MailFrom    string
	MailWorkers int
	// MailRetryBase scales the wait before a failed message is retried;
	// not an option, tests shorten it.
	MailRetryBase time.Duration
	// MailFollowUpChunk is how many follow-ups are queued per transaction;
	// not an option, tests shrink it.
	MailFollowUpChunk int
	// MediaDir keeps recordings when S3Bucket is empty; empty means
	// DATA_DIR/media (see MediaFolder).
	MediaDir string
	// S3Bucket, when set, keeps recordings in S3-compatible storage
	// instead of MediaDir.
	S3Bucket            string
	S3Endpoint          string
	S3Region            string
	S3AccessKeyID       string
	S3SecretAccessKey   string
	S3PathStyle         bool
	MediaMaxUploadBytes int64
	// StripeSecretKey turns card payments on; empty offers free tickets
	// only. StripeWebhookSecret checks Stripe's webhooks; StripeAPIBase
	// points the client elsewhere than Stripe (stripe-mock in tests).
	StripeSecretKey     string
	StripeWebhookSecret string
	StripeAPIBase       string

	raw map[string]string // the value each option was loaded from, by env var
}

// Option is one declared setting.
type Option struct {
	Env     string
	Flag    string
	Default string
	Doc     string
	Secret  bool
	set     func(c *Config, value string) error
}

// Options lists every option the server reads, in the order --help shows them.
var Options = []Option{
	{Env: "DATABASE_URL", Flag: "database-url", Secret: true,
		Doc: "PostgreSQL connection URL; empty starts the embedded cluster in DATA_DIR",
		set: func(c *Config, v string) error { c.DatabaseURL = v; return nil }},
	{Env: "DATA_DIR", Flag: "data-dir", Default: "./.data",
		Doc: "folder for the embedded PostgreSQL cluster and local media",
		set: func(c *Config, v string) error { c.DataDir = v; return nil }},
	{Env: "POSTGRES_BIN_DIR", Flag: "postgres-bin-dir",
		Doc: "folder holding initdb and pg_ctl; empty searches PATH, then /usr/lib/postgresql/*/bin",
		set: func(c *Config, v string) error { c.PostgresBinDir = v; return nil }},
	{Env: "HTTP_ADDR", Flag: "http-addr", Default: ":8080",
		Doc: "address the HTTP server listens on",
		set: setAddr},
	{Env: "BASE_URL", Flag: "base-url",
		Doc: "public URL of the site, used in links and cookies; empty means http://localhost:PORT",
		set: setBaseURL},
	{Env: "MIGRATE_ON_START", Flag: "migrate-on-start", Default: "false",
		Doc: "apply database migrations before serve, seed or user uses the database (always true for the embedded cluster)",
		set: func(c *Config, v string) (err error) { c.MigrateOnStart, err = strconv.ParseBool(v); return err }},
	{Env: "LOG_FORMAT", Flag: "log-format", Default: "auto",
		Doc: "auto (text in a terminal, JSON otherwise), text or json",
		set: oneOf(func(c *Config) *string { return &c.LogFormat }, "auto", "text", "json")},
	{Env: "LOG_LEVEL", Flag: "log-level", Default: "info",
		Doc: "debug, info, warn or error",
		set: oneOf(func(c *Config) *string { return &c.LogLevel }, "debug", "info", "warn", "error")},
	{Env: "SHUTDOWN_TIMEOUT", Flag: "shutdown-timeout", Default: "15s",
		Doc: "how long in-flight requests may run after SIGTERM",
		set: func(c *Config, v string) (err error) { c.ShutdownTimeout, err = positiveDuration(v); return err }},
	{Env: "BODY_LIMIT", Flag: "body-limit", Default: "1M",
		Doc: "largest request body accepted (K, M or G suffix)",
		set: func(c *Config, v string) error { c.BodyLimit = v; return nil }},
	{Env: "REGISTRATIONS_PER_MINUTE", Flag: "registrations-per-minute", Default: "20",
		Doc: "public registrations one IP address may make per minute (0: no limit, for load tests)",
		set: func(c *Config, v string) (err error) {
			c.RegistrationsPerMinute, err = strconv.Atoi(v)
			if err == nil && c.RegistrationsPerMinute < 0 {
				err = fmt.Errorf("must be 0 or more, got %s", v)
			}
			return err
		}},
	{Env: "SECRET_KEY", Flag: "secret-key", Secret: true,
		Doc: "key (32+ bytes, or base64 of them) for the manage and unsubscribe links in emails; empty keeps a generated one in the database",
		set: func(c *Config, v string) error {
			if v != "" && len(v) < 32 {
				return errors.New("needs at least 32 characters")
			}
			c.SecretKey = v
			return nil
		}},
	{Env: "SMTP_URL", Flag: "smtp-url", Secret: true,
		Doc: "smtp://user:pass@host:587 (STARTTLS when offered; ?tls=required insists, ?tls=none never), smtps://… (TLS); empty: messages are recorded as not delivered",
		set: setSMTPURL},
	{Env: "MAIL_FROM", Flag: "mail-from", Default: "Plenary <no-reply@localhost>",
		Doc: "the From of every message",
		set: func(c *Config, v string) error { c.MailFrom = v; return nil }},
	{Env: "MAIL_WORKERS", Flag: "mail-workers", Default: "10",
		Doc: "messages one process sends at once",
		set: func(c *Config, v string) (err error) {
			c.MailWorkers, err = strconv.Atoi(v)
			if err == nil && (c.MailWorkers < 1 || c.MailWorkers > 200) {
				err = fmt.Errorf("must be 1 to 200, got %s", v)
			}
			return err
		}},
	{Env: "SESSION_TTL", Flag: "session-ttl", Default: "336h",
		Doc: "how long an organiser's login session lasts",
		set: func(c *Config, v string) (err error) { c.SessionTTL, err = positiveDuration(v); return err }},
	{Env: "MEDIA_DIR", Flag: "media-dir",
		Doc: "folder for uploaded recordings when S3_BUCKET is empty; empty means DATA_DIR/media",
		set: func(c *Config, v string) error { c.MediaDir = v; return nil }},
	{Env: "MEDIA_MAX_UPLOAD_BYTES", Flag: "media-max-upload-bytes", Default: "4G",
		Doc: "largest recording an organiser may upload (K, M, G or T suffix; 1M to 5T)",
		set: setMaxUpload},
	{Env: "S3_BUCKET", Flag: "s3-bucket",
		Doc: "S3 bucket for recordings, for several servers; empty keeps them in MEDIA_DIR",
		set: setS3Bucket},
	{Env: "S3_ENDPOINT", Flag: "s3-endpoint",
		Doc: "URL of an S3-compatible store (e.g. https://s3.example.com); empty means AWS. Browsers fetch recordings from it",
		set: setS3Endpoint},
	{Env: "S3_REGION", Flag: "s3-region",
		Doc: "the bucket's region; empty reads AWS_REGION, else us-east-1",
		set: func(c *Config, v string) error { c.S3Region = v; return nil }},
	{Env: "S3_ACCESS_KEY_ID", Flag: "s3-access-key-id",
		Doc: "access key for S3_BUCKET; empty uses the AWS SDK's default chain (AWS_* env vars, profile, instance role)",
		set: func(c *Config, v string) error { c.S3AccessKeyID = v; return nil }},
	{Env: "S3_SECRET_ACCESS_KEY", Flag: "s3-secret-access-key", Secret: true,
		Doc: "secret of S3_ACCESS_KEY_ID",
		set: func(c *Config, v string) error { c.S3SecretAccessKey = v; return nil }},
	{Env: "S3_PATH_STYLE", Flag: "s3-path-style", Default: "false",
		Doc: "address objects as ENDPOINT/BUCKET/KEY (versitygw, Ceph, Garage and most self-hosted stores need it)",
		set: func(c *Config, v string) (err error) { c.S3PathStyle, err = strconv.ParseBool(v); return err }},
	{Env: "STRIPE_SECRET_KEY", Flag: "stripe-secret-key", Secret: true,
		Doc: "Stripe secret key (sk_…) for card payments; empty: only free tickets can be offered",
		set: setStripeSecretKey},
	{Env: "STRIPE_WEBHOOK_SECRET", Flag: "stripe-webhook-secret", Secret: true,
		Doc: "signing secret (whsec_…) of the Stripe webhook endpoint /api/v1/payments/stripe/webhook; set with STRIPE_SECRET_KEY",
		set: setStripeWebhookSecret},
	{Env: "STRIPE_API_BASE", Flag: "stripe-api-base",
		Doc: "URL of Stripe's API; empty means Stripe's own (tests point it at stripe-mock)",
		set: setStripeAPIBase},
}

func setSMTPURL(c *Config, v string) error {
	if v == "" {
		c.SMTPURL = ""
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return errors.New("must look like smtp://user:pass@host:587 or smtps://host:465")
	}
	if tls := u.Query().Get("tls"); tls != "" && tls != "required" && tls != "none" {
		return fmt.Errorf("tls must be required or none, got %q", tls)
	}
	c.SMTPURL = v
	return nil
}

// Lookup returns the option with the given env var name.
func Lookup(env string) (Option, bool) {
	for _, o := range Options {
		if o.Env == env {
			return o, true
		}
	}
	return Option{}, false
}

// Flags registers a string flag per option on fs. Call Load after fs.Parse.
func Flags(fs *flag.FlagSet) map[string]*string {
	values := make(map[string]*string, len(Options))
	for _, o := range Options {
		values[o.Env] = fs.String(o.Flag, "", fmt.Sprintf("%s (env %s)", o.Doc, o.Env))
	}
	return values
}

// Load builds a Config from defaults, then env vars, then flags that were set.
func Load(fs *flag.FlagSet, flagValues map[string]*string, getenv func(string) string) (Config, error) {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	c := Config{raw: map[string]string{}}
	var errs []error
	for _, o := range Options {
		value := o.Default
		if v := getenv(o.Env); v != "" {
			value = v
		}
		if set[o.Flag] {
			value = *flagValues[o.Env]
		}
		c.raw[o.Env] = value
		if err := o.set(&c, value); err != nil {
			errs = append(errs, fmt.Errorf("%s (--%s): %w", o.Env, o.Flag, err))
		}
	}
	errs = append(errs, c.checkS3(), c.checkStripe())
	if err := errors.Join(errs...); err != nil {
		return Config{}, err
	}
	if c.BaseURL == "" {
		c.BaseURL = defaultBaseURL(c.HTTPAddr)
	}
	if c.DatabaseURL == "" { // the embedded cluster is always migrated
		c.MigrateOnStart, c.raw["MIGRATE_ON_START"] = true, "true"
	}
	abs, err := filepath.Abs(c.DataDir)
	if err != nil {
		return Config{}, fmt.Errorf("DATA_DIR: %w", err)
	}
	c.DataDir = abs
	return c, nil
}

// PrintHelp writes every option with its flag, env var and default.
func PrintHelp(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FLAG\tENV\tDEFAULT\tMEANING")
	for _, o := range Options {
		def := o.Default
		if def == "" {
			def = "(empty)"
		}
		fmt.Fprintf(tw, "--%s\t%s\t%s\t%s\n", o.Flag, o.Env, def, o.Doc)
	}
	tw.Flush()
}

// LogValues returns every option as key/value pairs for a start-up log
// line, with secret options masked.
func (c Config) LogValues() []any {
	values := make([]any, 0, 2*len(Options))
	for _, o := range Options {
		v := c.raw[o.Env]
		if o.Secret && v != "" {
			v = "********"
		}
		values = append(values, strings.ToLower(o.Env), v)
	}
	return values
}

// SecureCookies reports whether cookies must carry the Secure attribute. Only
// a plain-http localhost site may go without it (browsers treat localhost as
// a secure context, but Go clients and older browsers do not).
func (c Config) SecureCookies() bool {
	u, err := url.Parse(c.BaseURL)
	if err != nil {
		return true
	}
	return !(u.Scheme == "http" && isLoopbackHost(u.Hostname()))
}

func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func setAddr(c *Config, v string) error {
	if _, _, err := net.SplitHostPort(v); err != nil {
		return fmt.Errorf("want host:port, got %q", v)
	}
	c.HTTPAddr = v
	return nil
}

func setBaseURL(c *Config, v string) error {
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("want an absolute http(s) URL, got %q", v)
	}
	c.BaseURL = strings.TrimRight(v, "/")
	return nil
}

func defaultBaseURL(addr string) string {
	_, port, _ := net.SplitHostPort(addr)
	return "http://localhost:" + port
}

func oneOf(field func(*Config) *string, allowed ...string) func(*Config, string) error {
	return func(c *Config, v string) error {
		for _, a := range allowed {
			if v == a {
				*field(c) = v
				return nil
			}
		}
		return fmt.Errorf("want one of %s, got %q", strings.Join(allowed, ", "), v)
	}
}

func positiveDuration(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, err
	}
	if d <= 0 {
		return 0, fmt.Errorf("must be positive, got %s", v)
	}
	return d, nil
}

// Default is the configuration with every option at its default, as a
// server started with no env vars or flags would have it.
func Default() (Config, error) {
	return Load(flag.NewFlagSet("defaults", flag.ContinueOnError), nil, func(string) string { return "" })
}
