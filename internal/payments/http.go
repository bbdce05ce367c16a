package payments

import (
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"plenary/internal/accounts"
	"plenary/internal/errs"
	"plenary/internal/httpserver"
)

// Handler serves the ticket type and promo code endpoints.
type Handler struct{ svc *Service }

// NewHandler returns the payments endpoints.
func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

// Routes adds the public list of tickets on sale and the organisers'
// endpoints. Moderators may read ticket types, as they read the rest of an
// event; promo codes, which give money away, are for organisers alone.
func (h *Handler) Routes(g *echo.Group) {
	g.GET("/events/:slug/ticket-types", h.onSale)

	org := accounts.RequireOrganiser
	g.GET("/manage/events/:id/ticket-types", h.ticketTypes, accounts.RequireSignedIn)
	g.POST("/manage/events/:id/ticket-types", h.createTicketType, org)
	g.PUT("/manage/events/:id/ticket-types/:type", h.updateTicketType, org)
	g.DELETE("/manage/events/:id/ticket-types/:type", h.deleteTicketType, org)
	g.GET("/manage/events/:id/promo-codes", h.promoCodes, org)
	g.POST("/manage/events/:id/promo-codes", h.createPromoCode, org)
	g.PUT("/manage/events/:id/promo-codes/:code", h.updatePromoCode, org)
	g.DELETE("/manage/events/:id/promo-codes/:code", h.deletePromoCode, org)

	g.POST("/payments/stripe/webhook", h.webhook)
	g.GET("/registration/payment", h.ownPayment)
	g.POST("/registration/payment/checkout", h.checkout)
	g.POST("/registration/payment/return", h.returnFromCheckout)
	g.GET("/registration/documents/:document/pdf", h.ownDocument)
	g.GET("/manage/events/:id/payments", h.eventPayments, org)
	g.GET("/manage/events/:id/payment-settings", h.settings, org)
	g.PUT("/manage/events/:id/payment-settings", h.setSettings, org)
	g.POST("/manage/events/:id/registrations/:rid/refund", h.refund, org)
}

func (h *Handler) onSale(c echo.Context) error {
	list, err := h.svc.OnSale(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (h *Handler) ticketTypes(c echo.Context) error {
	p, err := h.svc.TicketTypes(c.Request().Context(), c.Param("id"), httpserver.QueryPage(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (h *Handler) createTicketType(c echo.Context) error {
	var req TicketTypeInput
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	t, err := h.svc.CreateTicketType(c.Request().Context(), c.Param("id"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, t)
}

func (h *Handler) updateTicketType(c echo.Context) error {
	var req TicketTypeInput
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	t, err := h.svc.UpdateTicketType(c.Request().Context(), c.Param("id"), c.Param("type"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, t)
}

func (h *Handler) deleteTicketType(c echo.Context) error {
	if err := h.svc.DeleteTicketType(c.Request().Context(), c.Param("id"), c.Param("type")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *Handler) promoCodes(c echo.Context) error {
	p, err := h.svc.PromoCodes(c.Request().Context(), c.Param("id"), httpserver.QueryPage(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (h *Handler) createPromoCode(c echo.Context) error {
	var req PromoCodeInput
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	p, err := h.svc.CreatePromoCode(c.Request().Context(), c.Param("id"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, p)
}

func (h *Handler) updatePromoCode(c echo.Context) error {
	var req PromoCodeInput
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	p, err := h.svc.UpdatePromoCode(c.Request().Context(), c.Param("id"), c.Param("code"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (h *Handler) deletePromoCode(c echo.Context) error {
	if err := h.svc.DeletePromoCode(c.Request().Context(), c.Param("id"), c.Param("code")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// webhookLimit bounds a webhook payload; Stripe's events are far smaller.
const webhookLimit = 1 << 20

func (h *Handler) webhook(c echo.Context) error {
	payload, err := io.ReadAll(io.LimitReader(c.Request().Body, webhookLimit+1))
	if err != nil {
		return errs.Publicf(errs.ErrBadRequest, "The payload could not be read.")
	}
	if len(payload) > webhookLimit {
		return echo.ErrStatusRequestEntityTooLarge
	}
	if err := h.svc.HandleWebhook(c.Request().Context(), payload, c.Request().Header.Get("Stripe-Signature")); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]bool{"received": true})
}

func (h *Handler) ownPayment(c echo.Context) error {
	st, err := h.svc.PaymentFor(c.Request().Context(), httpserver.Bearer(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

func (h *Handler) checkout(c echo.Context) error {
	co, err := h.svc.CheckoutFor(c.Request().Context(), httpserver.Bearer(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, co)
}

func (h *Handler) returnFromCheckout(c echo.Context) error {
	var req struct {
		SessionID string `json:"session_id"`
	}
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	if req.SessionID == "" || len(req.SessionID) > 255 || !plain(req.SessionID) {
		return errs.Validation{"session_id": "Give the session_id Stripe returned you with."}
	}
	st, err := h.svc.ReturnFromCheckout(c.Request().Context(), httpserver.Bearer(c), req.SessionID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

func (h *Handler) eventPayments(c echo.Context) error {
	list, err := h.svc.EventPayments(c.Request().Context(), c.Param("id"), httpserver.QueryPage(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (h *Handler) settings(c echo.Context) error {
	set, err := h.svc.SettingsFor(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, set)
}

func (h *Handler) setSettings(c echo.Context) error {
	var req PaymentSettings
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	set, err := h.svc.SetSettings(c.Request().Context(), c.Param("id"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, set)
}

func (h *Handler) refund(c echo.Context) error {
	var req struct {
		OverridePolicy bool `json:"override_policy"`
	}
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	st, err := h.svc.Refund(c.Request().Context(), c.Param("id"), c.Param("rid"), req.OverridePolicy)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

func (h *Handler) ownDocument(c echo.Context) error {
	pdf, number, err := h.svc.DocumentFor(c.Request().Context(), httpserver.Bearer(c), c.Param("document"))
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+number+`.pdf"`)
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}
