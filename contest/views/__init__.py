"""Views of the contest app, one module per kind of user: public, registration, participant, office."""
