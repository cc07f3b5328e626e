"""The pygame client: screens, rendering, input, and the procedurally drawn art."""
