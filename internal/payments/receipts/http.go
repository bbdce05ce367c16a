package receipts

import (
	"context"
	"mime"
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"plenary/internal/accounts"
	"plenary/internal/errs"
	"plenary/internal/httpserver"
)

// Handler serves the seller's details and the documents.
type Handler struct {
	svc   *Service
	payer InvoicePayer
}

// InvoicePayer marks an invoice paid and confirms what it paid for
// (payments.Service, which owns that rule).
type InvoicePayer interface {
	MarkInvoicePaid(ctx context.Context, invoiceID string) (Document, error)
}

// NewHandler returns the receipts endpoints; invoices are marked paid
// through payer.
func NewHandler(svc *Service, payer InvoicePayer) *Handler { return &Handler{svc: svc, payer: payer} }

// Routes adds the organisers' endpoints. Anyone signed in may read the
// seller's details, as they appear on every document; the documents,
// which name buyers and what they paid, are for organisers alone.
func (h *Handler) Routes(g *echo.Group) {
	org := accounts.RequireOrganiser
	g.GET("/manage/seller", h.seller, accounts.RequireSignedIn)
	g.PUT("/manage/seller", h.updateSeller, org)
	g.GET("/manage/events/:id/documents", h.eventDocuments, org)
	g.GET("/manage/documents/:id/pdf", h.pdf, org)
	g.POST("/manage/documents/:id/paid", h.markPaid, org)
	g.GET("/manage/invoices/overdue", h.overdue, org)
}

func (h *Handler) seller(c echo.Context) error {
	s, err := h.svc.Seller(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s)
}

func (h *Handler) updateSeller(c echo.Context) error {
	var req SellerInput
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	s, err := h.svc.UpdateSeller(c.Request().Context(), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s)
}

func (h *Handler) eventDocuments(c echo.Context) error {
	p, err := h.svc.ListForEvent(c.Request().Context(), c.Param("id"), httpserver.QueryPage(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (h *Handler) pdf(c echo.Context) error {
	doc, err := h.svc.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	body, err := PDF(doc)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition,
		mime.FormatMediaType("attachment", map[string]string{"filename": doc.NumberText + ".pdf"}))
	return c.Blob(http.StatusOK, "application/pdf", body)
}

func (h *Handler) markPaid(c echo.Context) error {
	if uuid.Validate(c.Param("id")) != nil {
		return errs.Publicf(errs.ErrNotFound, "No such document.")
	}
	doc, err := h.payer.MarkInvoicePaid(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, doc)
}

func (h *Handler) overdue(c echo.Context) error {
	p, err := h.svc.Overdue(c.Request().Context(), h.svc.now(), httpserver.QueryPage(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}
