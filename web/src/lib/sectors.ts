/** Names of the form's fixed sectors. */
export const sectorNames: Record<string, string> = {
  central_government: "Central government",
  local_government: "Local government",
  health_and_care: "Health and care",
  education: "Education",
  police_and_justice: "Police and justice",
  third_sector: "Third sector",
  private_sector: "Private sector",
  academia: "Academia",
  other: "Other",
};
