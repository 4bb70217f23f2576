"""Documents the referral service prints for a person. The information sheet itself, its
catalogues and its layout are shared (``nrm_bus.information``): identification prints it
too, at first contact."""
