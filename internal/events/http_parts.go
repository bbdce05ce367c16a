package events

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"plenary/internal/httpserver"
)

// Handlers for an event's speakers, partners and agenda, and for the
// people and organisations directories.

type speakersRequest struct {
	Speakers []SpeakerInput `json:"speakers"`
}

func (h *Handler) setSpeakers(c echo.Context) error {
	var req speakersRequest
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	d, err := h.svc.SetSpeakers(c.Request().Context(), c.Param("id"), req.Speakers)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}

type partnersRequest struct {
	Partners []PartnerInput `json:"partners"`
}

func (h *Handler) setPartners(c echo.Context) error {
	var req partnersRequest
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	d, err := h.svc.SetPartners(c.Request().Context(), c.Param("id"), req.Partners)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}

func (h *Handler) addAgendaItem(c echo.Context) error {
	var req AgendaInput
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	d, err := h.svc.AddAgendaItem(c.Request().Context(), c.Param("id"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, d)
}

func (h *Handler) updateAgendaItem(c echo.Context) error {
	var req AgendaInput
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	d, err := h.svc.UpdateAgendaItem(c.Request().Context(), c.Param("id"), c.Param("item"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}

func (h *Handler) deleteAgendaItem(c echo.Context) error {
	d, err := h.svc.DeleteAgendaItem(c.Request().Context(), c.Param("id"), c.Param("item"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}

type agendaOrder struct {
	ItemIDs []string `json:"item_ids"`
}

func (h *Handler) reorderAgenda(c echo.Context) error {
	var req agendaOrder
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	d, err := h.svc.ReorderAgenda(c.Request().Context(), c.Param("id"), req.ItemIDs)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}

func (h *Handler) listPeople(c echo.Context) error {
	people, err := h.svc.ListPeople(c.Request().Context(), httpserver.QueryPage(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, people)
}

func (h *Handler) createPerson(c echo.Context) error {
	var req PersonInput
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	p, err := h.svc.CreatePerson(c.Request().Context(), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, p)
}

func (h *Handler) updatePerson(c echo.Context) error {
	var req PersonInput
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	p, err := h.svc.UpdatePerson(c.Request().Context(), c.Param("id"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (h *Handler) deletePerson(c echo.Context) error {
	if err := h.svc.DeletePerson(c.Request().Context(), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *Handler) listOrganisations(c echo.Context) error {
	orgs, err := h.svc.ListOrganisations(c.Request().Context(), httpserver.QueryPage(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, orgs)
}

func (h *Handler) createOrganisation(c echo.Context) error {
	var req OrganisationInput
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	o, err := h.svc.CreateOrganisation(c.Request().Context(), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, o)
}

func (h *Handler) updateOrganisation(c echo.Context) error {
	var req OrganisationInput
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	o, err := h.svc.UpdateOrganisation(c.Request().Context(), c.Param("id"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, o)
}

func (h *Handler) deleteOrganisation(c echo.Context) error {
	if err := h.svc.DeleteOrganisation(c.Request().Context(), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
