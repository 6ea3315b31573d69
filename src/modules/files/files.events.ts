// Events of the files module are declared here (attachment.created, attachment.updated, attachment.deleted).
export {};
