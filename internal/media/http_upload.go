package media

import "github.com/labstack/echo/v4"

func (h *Handler) uploadRoutes(g *echo.Group) {}
