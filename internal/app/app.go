// Package app wires the domain services and their routes into one HTTP
// handler. cmd/server serves it; API tests drive the same wiring.
package app

import (
	"context"
	"log/slog"
	"path/filepath"
	"slices"

	"golang.org/x/sync/errgroup"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"

	"plenary/api"
	"plenary/internal/accounts"
	"plenary/internal/comments"
	"plenary/internal/config"
	"plenary/internal/events"
	"plenary/internal/httpserver"
	"plenary/internal/jobs"
	"plenary/internal/listen"
	"plenary/internal/live"
	"plenary/internal/mail"
	"plenary/internal/media"
	"plenary/internal/notice"
	"plenary/internal/payments"
	"plenary/internal/payments/receipts"
	"plenary/internal/registrations"
	"plenary/internal/token"
	"plenary/web"
)

// App is the wired application.
type App struct {
	Echo          *echo.Echo
	Accounts      *accounts.Service
	Events        *events.Service
	Registrations *registrations.Service
	Mail          *mail.Mailer
	Live          *live.Service
	Media         *media.Service
	Comments      *comments.Service
	Payments      *payments.Service
	Keys          token.Keyed // derive manage and unsubscribe links
	pool          *pgxpool.Pool
	jobs          *jobs.Client
	listener      *listen.Listener
}

// New wires every domain onto one Echo. It reads the link key from the
// database when SECRET_KEY is not set.
func New(ctx context.Context, cfg config.Config, pool *pgxpool.Pool, logger *slog.Logger) (*App, error) {
	keys, err := token.LoadKey(ctx, pool, cfg.SecretKey)
	if err != nil {
		return nil, err
	}
	jobClient, err := jobs.New(pool, logger)
	if err != nil {
		return nil, err
	}
	listener := listen.New(pool, logger)
	// Registrations come first: events keeps seats in step through them,
	// and they need only the outbox, which needs only the jobs.
	outbox := mail.NewOutbox(jobClient)
	registrationSvc := registrations.NewService(pool, keys, outbox, events.NewPlacesNotifier(pool, logger))
	// Events and mail need each other: events tells mail of every change
	// and duplicate, and mail reads events to render its messages. Events
	// is built with mailHooks, which forwards to the mailer built next,
	// before anything can change an event.
	mailHooks := &mailHooks{}
	// Live reads events, so it is built after them; it records changes to
	// an event in the event's transaction through liveHooks, the last
	// watcher (it takes the event's live lock, held until the commit).
	liveHooks := &liveHooks{}
	// Payments reads events, so it is built after them; it refuses a
	// capacity below its ticket types' quantities through paymentHooks.
	paymentHooks := &paymentHooks{}
	eventSvc := events.NewService(pool, logger, listener, events.Hooks{
		Seats:    registrationSvc,
		Places:   registrationSvc,
		Watchers: []events.Watcher{paymentHooks, mailHooks, liveHooks},
		OnChange: []func(string){registrationSvc.EventChanged, liveHooks.EventsChanged},
		Copiers:  []events.Copier{registrationSvc, mailHooks},
	})
	eventHTTP := events.NewHandler(eventSvc, cfg.BaseURL)
	receiptSvc := receipts.NewService(pool, eventSvc, receipts.Options{})
	mailer, err := mail.New(pool, eventSvc, jobClient, outbox, mail.Options{BaseURL: cfg.BaseURL, From: cfg.MailFrom, SMTPURL: cfg.SMTPURL,
		Workers: cfg.MailWorkers, Keys: keys, ManageLinks: registrations.NewManageLinks(pool, keys), Documents: receiptMail{receiptSvc}, Logger: logger, RetryBase: cfg.MailRetryBase,
		FollowUpChunk: cfg.MailFollowUpChunk})
	if err != nil {
		return nil, err
	}
	mailHooks.mailer = mailer
	commentSvc := comments.NewService(pool, eventSvc, mailer, comments.Options{BaseURL: cfg.BaseURL})
	liveSvc := live.NewService(pool, logger, keys, eventSvc, registrationSvc, listener)
	store, err := mediaStorage(ctx, cfg)
	if err != nil {
		return nil, err
	}
	mediaSvc := media.NewService(pool, store, eventSvc, logger, media.Options{BaseURL: cfg.BaseURL, Keys: keys,
		MaxUploadBytes: cfg.MediaMaxUploadBytes, FFprobe: media.LookTool("ffprobe"), FFmpeg: media.LookTool("ffmpeg"),
		UploadDir: filepath.Join(cfg.MediaFolder(), ".uploads"), Questions: liveSvc,
		RecordingPublished: mailer.RecordingPublished}) // the follow-ups go with the replay's link
	mediaHTTP := media.NewHandler(mediaSvc)
	liveHooks.live = liveSvc
	paymentSvc, err := payments.NewService(pool, eventSvc, payments.Options{Receipts: receiptSvc,
		Stripe: payments.NewStripe(cfg.StripeSecretKey, cfg.StripeAPIBase), WebhookSecret: cfg.StripeWebhookSecret,
		BaseURL: cfg.BaseURL, Sectors: registrations.Sectors, Registrations: registrationSvc,
		Links: registrations.NewManageLinks(pool, keys), Notify: outbox, Jobs: jobClient, Logger: logger})
	if err != nil {
		return nil, err
	}
	paymentHooks.payments = paymentSvc
	registrationSvc.SetTickets(paymentSvc) // before serving: a ticket holds its seat through registrations
	e := httpserver.New(httpserver.Options{
		Logger:    logger,
		Pool:      pool,
		BodyLimit: cfg.BodyLimit,
		SPA:       web.Dist(),
		OpenAPI:   api.OpenAPI,
		PageMeta:  mediaHTTP.PageMeta(eventHTTP.PageMeta), // events' title and summary, media's JSON-LD and video
		LargeBody: media.LargeBody,
	})
	accountSvc := accounts.NewService(pool, cfg.SessionTTL)
	accountHTTP := accounts.NewHandler(accountSvc, cfg.SecureCookies())

	// Middleware on the whole Echo rather than the group: a group's
	// middleware adds a catch-all route that would turn 405s into 404s.
	e.Use(httpserver.OnlyAPI(accountHTTP.Authenticate))
	api := httpserver.API(e)
	accountHTTP.Routes(api)
	eventHTTP.Routes(api)
	registrations.NewHandler(registrationSvc, eventSvc, cfg.BaseURL, cfg.RegistrationsPerMinute).Routes(api)
	mail.NewHandler(mailer).Routes(api)
	live.NewHandler(liveSvc, cfg.BaseURL).Routes(api)
	mediaHTTP.Routes(api)
	mediaHTTP.EmbedRoutes(e)
	// Comments share the registrations' per-IP rate.
	comments.NewHandler(commentSvc, cfg.RegistrationsPerMinute).Routes(api)
	payments.NewHandler(paymentSvc).Routes(api)
	receipts.NewHandler(receiptSvc, paymentSvc).Routes(api)

	return &App{Echo: e, Accounts: accountSvc, Events: eventSvc, Registrations: registrationSvc, Mail: mailer, Live: liveSvc, Media: mediaSvc, Comments: commentSvc, Payments: paymentSvc, Keys: keys, pool: pool, jobs: jobClient, listener: listener}, nil
}

// mediaStorage keeps recordings in S3-compatible storage when S3_BUCKET is
// set, so that several servers share them, else in a folder of this one.
func mediaStorage(ctx context.Context, cfg config.Config) (media.Storage, error) {
	if cfg.S3Bucket == "" {
		return media.NewLocal(cfg.MediaFolder())
	}
	return media.NewS3(ctx, media.S3Options{Endpoint: cfg.S3Endpoint, Bucket: cfg.S3Bucket, Region: cfg.S3Region,
		AccessKeyID: cfg.S3AccessKeyID, SecretAccessKey: cfg.S3SecretAccessKey, PathStyle: cfg.S3PathStyle})
}

// mailHooks are events' hooks into mail (see New).
type mailHooks struct{ mailer *mail.Mailer }

func (h *mailHooks) EventChanged(ctx context.Context, tx pgx.Tx, before, after events.Event) error {
	return h.mailer.EventChanged(ctx, tx, before, after)
}

func (h *mailHooks) CopyEventTx(ctx context.Context, tx pgx.Tx, fromID, toID string) error {
	return h.mailer.CopyEventTx(ctx, tx, fromID, toID)
}

// liveHooks are events' hooks into live (see New).
type liveHooks struct{ live *live.Service }

func (h *liveHooks) EventChanged(ctx context.Context, tx pgx.Tx, before, after events.Event) error {
	return h.live.EventChanged(ctx, tx, before, after)
}

func (h *liveHooks) EventsChanged(slug string) { h.live.EventsChanged(slug) }

// receiptMail attaches a registrant's documents to the messages that
// carry them: the receipt (or invoice) to a confirmation, credit notes to
// a refund's message.
type receiptMail struct{ receipts *receipts.Service }

func (r receiptMail) Attachments(ctx context.Context, registrationID string, kind notice.Kind) ([]mail.Attachment, error) {
	want := map[notice.Kind][]receipts.Kind{
		notice.KindConfirmation:    {receipts.KindReceipt, receipts.KindInvoice},
		notice.KindPaymentRefunded: {receipts.KindCreditNote},
		notice.KindPaymentTooLate:  {receipts.KindReceipt, receipts.KindCreditNote},
		notice.KindInvoiceDue:      {receipts.KindInvoice},
		notice.KindCancelled:       {receipts.KindCreditNote},
	}[kind]
	if len(want) == 0 {
		return nil, nil
	}
	docs, err := r.receipts.ForRegistration(ctx, registrationID)
	if err != nil {
		return nil, err
	}
	var out []mail.Attachment
	for _, d := range docs {
		if !slices.Contains(want, d.Kind) {
			continue
		}
		pdf, err := receipts.PDF(d)
		if err != nil {
			return nil, err
		}
		out = append(out, mail.Attachment{Name: d.NumberText + ".pdf", ContentType: "application/pdf", Data: pdf})
	}
	return out, nil
}

// paymentHooks are events' hooks into payments (see New).
type paymentHooks struct{ payments *payments.Service }

func (h *paymentHooks) EventChanged(ctx context.Context, tx pgx.Tx, before, after events.Event) error {
	return h.payments.EventChanged(ctx, tx, before, after)
}

// Pool is the application's database pool.
func (a *App) Pool() *pgxpool.Pool { return a.pool }

// Run does the application's background work until ctx ends: keeping the
// event page cache in step with other server processes, the jobs
// (sending mail among them), and the live stream's own connections.
func (a *App) Run(ctx context.Context) error {
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { return a.listener.Run(ctx) })
	g.Go(func() error { return a.jobs.Run(ctx) })
	g.Go(func() error { return a.Mail.Run(ctx) })
	g.Go(func() error { return a.Live.Run(ctx) })
	return g.Wait()
}
