package live

import "github.com/labstack/echo/v4"

func (h *Handler) joinRoutes(g *echo.Group) {}
